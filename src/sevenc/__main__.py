from sevenc.cli import main

raise SystemExit(main())
