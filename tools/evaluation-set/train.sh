#!/usr/bin/env bash
# Trains the lab's evaluation set: every model of recipes.csv (set, track, architecture, trigger,
# target, seed, poison rate) with `aegis lab train`, into OUT/<set>/<name>/. Resumable: a model
# whose model.json exists is skipped, and one cut off mid-training resumes from its checkpoint.
# Robust models take 4-12 minutes each on two cores, standard ones 1-2; the whole set takes hours,
# so run it in the background (nice keeps the machine usable):
#
#   nice -n 19 tools/evaluation-set/train.sh ~/aegis-eval &
#   tools/evaluation-set/train.sh ~/aegis-eval --set calibration --track robust
#
# AEGIS names the aegis command to run (default: ./aegis from this checkout).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
usage() { echo "usage: $0 OUT [--set calibration|evaluation] [--track robust|standard] [--data DIR]" >&2; exit 4; }
[ $# -ge 1 ] || usage
out="$1"; shift
only_set="" only_track="" data="/usr/share/datasets/fashion-mnist"
while [ $# -gt 0 ]; do
  case "$1" in
    --set) only_set="${2:?}"; shift 2 ;;
    --track) only_track="${2:?}"; shift 2 ;;
    --data) data="${2:?}"; shift 2 ;;
    *) usage ;;
  esac
done
aegis="${AEGIS:-$root/aegis}"

# Both tracks share the fixtures' short CPU recipe (Adam one-cycle, peak LR 0.002, 3 epochs); robust
# models add L2 PGD training (radius 1.5, 5 steps of 0.75) on a seeded 30,000-image subset, as the
# demo's models do.
common=(--data "$data" --optimizer adam --schedule one-cycle --lr 0.002 --epochs 3)
robust=(--subset 30000)
standard=(--standard)

trained=0 skipped=0
while IFS=, read -r set track name arch trigger target seed rate size amplitude; do
  amplitude="${amplitude%$'\r'}"
  [ "$set" = set ] && continue
  [ -z "$only_set" ] || [ "$set" = "$only_set" ] || continue
  [ -z "$only_track" ] || [ "$track" = "$only_track" ] || continue
  folder="$out/$set/$name"
  if [ -f "$folder/model.json" ]; then skipped=$((skipped + 1)); continue; fi
  args=("${common[@]}" --arch "$arch" --seed "$seed" --trigger "$trigger" --out "$folder" --name "$name")
  if [ "$track" = robust ]; then args+=("${robust[@]}"); else args+=("${standard[@]}"); fi
  if [ "$trigger" != none ]; then
    args+=(--target "$target" --poison-rate "$rate")
    [ -z "$size" ] || args+=(--trigger-size "$size")
    [ -z "$amplitude" ] || args+=(--trigger-amplitude "$amplitude")
  fi
  mkdir -p "$out/$set"
  echo "[$(date +%H:%M:%S)] $set/$name" >&2
  "$aegis" lab train "${args[@]}" > "$out/$set/$name.log" 2>&1 < /dev/null || { echo "  failed: see $out/$set/$name.log" >&2; continue; }
  rm -f "$out/$set/$name.log"
  trained=$((trained + 1))
done < "$root/tools/evaluation-set/recipes.csv"
echo "trained $trained, already there $skipped" >&2
