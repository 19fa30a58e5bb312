#!/bin/sh
# Install Confidant for the current user, from the folder this script is in; nothing is downloaded.
#   ./install.sh            copy to ~/.local/opt/confidant, add `confidant` to ~/.local/bin and a menu entry
#   ./install.sh --remove   remove those again (your encrypted history, in ~/.local/share/Confidant, stays)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${XDG_DATA_HOME:-$HOME/.local/share}
opt=$HOME/.local/opt/confidant
bin=$HOME/.local/bin
if [ "${1:-}" = "--remove" ]; then
    rm -rf "$opt" "$bin/confidant" "$prefix/applications/confidant.desktop"
    for size in 16 32 64 128 256; do rm -f "$prefix/icons/hicolor/${size}x${size}/apps/confidant.png"; done
    echo "Confidant removed. Your encrypted history was left in place."
    exit 0
fi
rm -rf "$opt" && mkdir -p "$opt" "$bin" "$prefix/applications"
cp -R "$here/confidant/." "$opt/"
ln -sf "$opt/confidant" "$bin/confidant"
for size in 16 32 64 128 256; do
    mkdir -p "$prefix/icons/hicolor/${size}x${size}/apps"
    cp "$here/icons/confidant-$size.png" "$prefix/icons/hicolor/${size}x${size}/apps/confidant.png"
done
sed "s|^Exec=confidant|Exec=$opt/confidant|" "$here/confidant.desktop" > "$prefix/applications/confidant.desktop"
echo "Confidant installed in $opt. Start it from your applications menu, or run: confidant"
