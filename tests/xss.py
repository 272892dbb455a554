"""The XSS payloads every HTML the project writes must show as text and never run (the report's tests and
the corpus browser's), in a plain module: test files import it, never a conftest by name."""

# Each payload tries to set window.__xss or open a dialog if anything in the report ever runs it.
XSS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2;alert(2)">',
    "<svg onload=window.__xss=3>",
    '"><script>window.__xss=4</script>',
    '<a href="javascript:window.__xss=5">x</a>',
    '</textarea><iframe srcdoc="<script>parent.__xss=6</script>"></iframe>',
    "{{7*7}}$\\alpha$",
]
PAYLOAD = " ".join(XSS)
