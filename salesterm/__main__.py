from salesterm.cli import main

raise SystemExit(main())
