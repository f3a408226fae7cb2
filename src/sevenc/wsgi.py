"""The WSGI application. A bad environment stops the import with one line on stderr and exit status 2."""

from django.core.wsgi import get_wsgi_application

from sevenc import conf

conf.or_exit(conf.use_settings_module)
application = get_wsgi_application()
