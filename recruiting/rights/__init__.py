"""The candidate's PIPL rights through a signed link (Art. 45 see and copy, 46 correct, 47 withdraw and delete,
24 explanation and a person's review) and HR's queue of requests. The mechanism (reference numbers, deadlines,
erasure through every app's holder) is hrportal/privacy/rights.py."""
