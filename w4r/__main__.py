import sys

try:
    from w4r.cli.main import main
except KeyboardInterrupt:  # Ctrl-C in the first moments, before w4r can handle it itself
    print("w4r: interrupted", file=sys.stderr)
    sys.exit(130)

main()
