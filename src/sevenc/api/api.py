from ninja import NinjaAPI

api = NinjaAPI(title="sevenc API", version="1", urls_namespace="api")
