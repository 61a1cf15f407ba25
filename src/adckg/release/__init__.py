"""Release: the pipeline from curation to kg/release (formats, datasets, KGX, VoID, changelog)."""
