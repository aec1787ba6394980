"""The usual hand-rolled approach, for comparison: python-docx reading every table cell.

Usage: python3 python_docx_baseline.py ROUNDS FILE...   prints seconds for ROUNDS passes.
"""
import sys
import time

import docx


def read_cells(path):
    document = docx.Document(path)
    cells = 0
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                cells += len(cell.text)
    return cells


def main():
    rounds = int(sys.argv[1])
    paths = sys.argv[2:]
    started = time.perf_counter()
    for _ in range(rounds):
        for path in paths:
            read_cells(path)
    print(time.perf_counter() - started)


if __name__ == "__main__":
    main()
