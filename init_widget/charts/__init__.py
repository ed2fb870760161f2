"""bqplot figures, loaded on use: the Explorer's diagnostics panel, the "why" views and log-scale helpers.

Importing this package pulls in bqplot, so ``import init_widget`` never does.
"""
