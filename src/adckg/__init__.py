"""ADC Resistance Knowledge Graph: resistance to HER2-targeted ADCs in breast cancer."""

__version__ = "0.2.0"
