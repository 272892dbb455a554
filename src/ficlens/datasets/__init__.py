"""Gold data sets shared by training (`ficlens.training`) and evaluation (`ficlens.eval`): loaders and the
alignment of ficlens's output with the gold; never imported by the runtime."""
