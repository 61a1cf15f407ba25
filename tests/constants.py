"""IRIs of the facts the tests assert, named once."""

from adckg.prefixes import ADCKG, ADCKO

T_DM1 = ADCKG["T-DM1"]
T_DXD = ADCKG["T-DXd"]
HER2 = ADCKG["HER2"]
DAISY = ADCKG["DAISY"]
DM1 = ADCKG["DM1"]
DERUXTECAN = ADCKG["deruxtecan"]
ADC = ADCKO.AntibodyDrugConjugate
