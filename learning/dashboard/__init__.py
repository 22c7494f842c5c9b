"""The network's figures for managers (dashboard, CSV, admin panels) and a professional's
"my signals": what became of the obstacles in their cases."""
