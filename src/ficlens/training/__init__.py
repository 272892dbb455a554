"""Training the shipped models (`ficlens train ...`): above the runtime, which only reads what they wrote.

The runtime packages (io, segment, quotes, cast, speakers, analysis, pipeline) never import this package,
`ficlens.eval` or `ficlens.datasets` (tests/test_layers.py checks it), so shipping and analysing stay
free of training code and its data loaders."""
