from probproof.cli import main

raise SystemExit(main())
