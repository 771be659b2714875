from interviewbot.cli.main import main

raise SystemExit(main())
