import sys

from antq.cli import main

sys.exit(main())
