from w4r.cli.main import run

run()
