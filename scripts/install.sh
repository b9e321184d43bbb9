#!/usr/bin/env bash
# Installs everything briefgen and its tests need on a fresh Debian machine:
# the Debian packages (LibreOffice to lay out DOCX files, qpdf and poppler to check PDFs, and the
# fonts the briefs are printed in: Liberation, metric-compatible with Arial and Times New Roman;
# DejaVu for symbols; WenQuanYi Micro Hei for Chinese, Japanese and Korean; pandoc, a third
# reader of the DOCX in the tests; Chromium and Java for the HTML brief's tests), then a virtual
# environment in .venv with briefgen and its test extras, then the npm packages those tests use (axe-core, the Nu HTML Checker) in node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libreoffice-writer-nogui qpdf poppler-utils fontconfig pandoc
          fonts-liberation2 fonts-dejavu-core fonts-dejavu-extra fonts-wqy-microhei
          chromium default-jre-headless)
command -v npm >/dev/null || packages+=(npm)  # node and npm: the npm test tools below
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
# the HTML tests' tools, as package-lock.json pins them; no install script runs (vnu-jar's would
# fetch a Java runtime: Debian's is installed above)
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
echo "installed: .venv/bin/briefgen"
