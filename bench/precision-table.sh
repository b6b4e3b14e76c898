#!/usr/bin/env bash
# Joins a precision sample (bench/precision-sample.sh output) with a file of hand verdicts (number TAB TP|FP TAB
# reason) into the markdown table docs/precision.md shows, and prints the precision.
#   bench/precision-table.sh SAMPLE VERDICTS
set -euo pipefail
sample="${1:?usage: precision-table.sh SAMPLE VERDICTS}"
verdicts="${2:?usage: precision-table.sh SAMPLE VERDICTS}"
echo "| # | rule | severity | file:line | verdict | reason |"
echo "|---|------|----------|-----------|---------|--------|"
awk -F'\t' 'NR == FNR { verdict[$1] = $2; reason[$1] = $3; next }
  /^ *[0-9]+ \| / {
    split($0, part, " \\| ")
    number = part[1] + 0
    file = part[4]; sub(/^corpus\//, "", file)
    printf "| %d | %s | %s | `%s` | %s | %s |\n", number, part[2], part[3], file, verdict[number], reason[number]
    total++; if (verdict[number] == "TP") good++
  }
  END { printf "\n**%d of %d true positives: %.1f%%**\n", good, total, 100 * good / total }' "$verdicts" "$sample"
