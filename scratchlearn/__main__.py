from scratchlearn.cli import main

raise SystemExit(main())
