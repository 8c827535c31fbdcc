"""Disclosure (行政执法公示) and credit supervision (信用监管): the public portal, publication
of penalty decisions and their withdrawal and expiry, the credit "双公示" export, credit
profiles and credit repair (capability 6; rules.md §1.9, §4)."""
