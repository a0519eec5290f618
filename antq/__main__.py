import sys

if sys.argv[1:2] == ["watchdog"]:
    # The watchdog must stay small and never run the app's code: none of antq.cli's imports.
    from antq.watchdog import main as watchdog

    sys.exit(watchdog(sys.argv[2:]))

from antq.cli import main  # noqa: E402

sys.exit(main())
