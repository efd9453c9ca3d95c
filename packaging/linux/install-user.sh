#!/bin/sh
# Install an unpacked Slidepress tarball for the current user: a `slidepress` command in
# ~/.local/bin, the menu entry, the icon and "Open with Slidepress" for .pptx/.ppsx/.potx.
# Run it from the unpacked folder; the folder must stay where it is (or run this again after moving it).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
BIN=$HOME/.local/bin
mkdir -p "$BIN" "$DATA/applications" "$DATA/mime/packages" "$DATA/icons/hicolor/scalable/apps" \
  "$DATA/icons/hicolor/256x256/apps"
ln -sf "$HERE/slidepress" "$BIN/slidepress"
sed "s|^Exec=slidepress |Exec=\"$HERE/slidepress\" |; s|^TryExec=slidepress|TryExec=$HERE/slidepress|" \
  "$HERE/share/applications/slidepress.desktop" > "$DATA/applications/slidepress.desktop"
cp "$HERE/share/mime/packages/slidepress.xml" "$DATA/mime/packages/slidepress.xml"
cp "$HERE/share/icons/hicolor/scalable/apps/slidepress.svg" "$DATA/icons/hicolor/scalable/apps/"
cp "$HERE/share/icons/hicolor/256x256/apps/slidepress.png" "$DATA/icons/hicolor/256x256/apps/"
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$DATA/mime" || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
echo "Slidepress installed: run 'slidepress' or find it in the applications menu."
