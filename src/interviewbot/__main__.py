from interviewbot.cli import main

raise SystemExit(main())
