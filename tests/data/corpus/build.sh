#!/usr/bin/env bash
# Regenerates every generated file of the corpus (.docx, .pdf, .xlsx) from its sources
# (NAME.html, or NAME.build.py for the 一体化 workbook).
# Needs LibreOffice (soffice), fonts-noto-cjk, python3 with openpyxl.
# Usage: tests/data/corpus/build.sh [NAME...]   (no NAME: every document)
set -euo pipefail
cd "$(dirname "$0")"

# NAME and the generated formats it has (see each NAME.expected.json "formats").
DOCS=(
  "sichuan-mata-town-flat-merged docx pdf xlsx"
  "guangdong-dongguan-midterm-approval docx pdf xlsx"
  "sichuan-zhaohua-per-project docx pdf xlsx"
  "ningxia-changqing-school-per-project docx pdf xlsx"
  "hubei-qingshan-long-term-annual docx pdf xlsx"
  "hubei-qingshan-per-project-2015-template docx pdf xlsx"
  "fujian-ningde-department-overall docx pdf xlsx"
  "chongqing-fengjie-101-approval docx pdf xlsx"
  "hunan-nanyue-poverty-per-project docx pdf xlsx"
  "hunan-yueyang-farmland-per-project docx pdf xlsx"
  "xinjiang-bingtuan-cold-storage-multi-year docx pdf xlsx"
  "hebei-yutian-yitihua-workbook xlsx"
)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A profile of our own, so a LibreOffice already running elsewhere is not disturbed.
profile="file://$work/profile"
soffice_run() { soffice -env:UserInstallation="$profile" --headless "$@" >/dev/null 2>&1; }

build_one() {
  local name="$1"; shift
  local fmt
  if [[ -f "$name.build.py" ]]; then
    python3 "$name.build.py" "$name.xlsx"
    return
  fi
  for fmt in "$@"; do
    case "$fmt" in
      docx)
        soffice_run --convert-to docx:"MS Word 2007 XML" --outdir "$work" "$name.html"
        mv "$work/$name.docx" "$name.docx" ;;
      pdf)
        # PDF from the Word file: page size and table layout as a Word user would print it.
        soffice_run --convert-to docx:"MS Word 2007 XML" --outdir "$work" "$name.html"
        soffice_run --convert-to pdf --outdir "$work" "$work/$name.docx"
        mv "$work/$name.pdf" "$name.pdf"
        rm -f "$work/$name.docx" ;;
      xlsx)
        soffice_run --infilter="HTML (StarCalc)" --convert-to xlsx --outdir "$work" "$name.html"
        mv "$work/$name.xlsx" "$name.xlsx" ;;
      *) echo "unknown format $fmt for $name" >&2; exit 1 ;;
    esac
  done
}

for entry in "${DOCS[@]}"; do
  read -r -a parts <<<"$entry"
  name="${parts[0]}"
  if [[ $# -gt 0 ]]; then
    wanted=0
    for w in "$@"; do [[ "$w" == "$name" ]] && wanted=1; done
    [[ $wanted -eq 1 ]] || continue
  fi
  echo "building $name: ${parts[*]:1}"
  build_one "$name" "${parts[@]:1}"
done
