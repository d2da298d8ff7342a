from tipwatch.cli import app

app()
