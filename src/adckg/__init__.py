"""ADC Resistance Knowledge Graph: resistance to HER2-targeted ADCs in breast cancer."""

__version__ = "0.1.0"
