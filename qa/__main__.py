import sys

from qa.ui.cli import main

sys.exit(main())
