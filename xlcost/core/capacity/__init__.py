"""The capacity engine: what a model serves on GPUs, from its architecture, the GPUs' datasheets and
engine efficiencies fitted on published measurements (README, "Sizing from the machine")."""
