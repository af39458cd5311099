#!/bin/sh
# Train the reader on a lent GPU in minutes: three learning rates side by side (a 6-layer model leaves the GPU
# mostly idle, so three runs cost little more than one), each fitted to MINUTES; the best on the held-out
# articles comes back in $OUT. Needs the folder CARRY made by `make reader-carry` (the rounded base weights,
# its tokenizer and the SQuAD files), carried with the working tree. Run from the repository root:
#   RATES="1e-4 2e-4" EPOCHS=2 MINUTES=5 sh qa/train/gpu.sh
# then here: cat OUT/weights.pt.* > RUN/weights.pt; python -m qa.train.export RUN qa/read/model
# LAYERS="0,2,4" trains a smaller reader instead, taught by the shipped one (qa/train/student.py; the
# teacher travels in CARRY/teacher, which `make reader-carry` writes):
#   LAYERS=0,2,4 RATES="1e-4 2e-4" EPOCHS=3 MINUTES=6 sh qa/train/gpu.sh
set -eu
CARRY=${CARRY:-.carry}
MINUTES=${MINUTES:-5.5}
OUT=${OUT:-runs/out}
DEVICE=${DEVICE:-cuda}
mkdir -p "$OUT" runs
MODULE=qa.train.reader
STUDENT=""
if [ -n "${LAYERS:-}" ]; then
  MODULE=qa.train.student
  STUDENT="--init $CARRY/teacher --layers $LAYERS"
fi
for lr in ${RATES:-8e-5 1.5e-4 3e-4}; do
  python3 -m "$MODULE" "runs/lr$lr" --base "$CARRY/base" --device "$DEVICE" --minutes "$MINUTES" \
    --lr "$lr" --batch 64 --threads 4 ${EPOCHS:+--epochs $EPOCHS} $STUDENT \
    $(for f in "$CARRY"/data/*; do printf -- '--data %s ' "$f"; done) >"runs/lr$lr.log" 2>&1 &
done
wait
python3 -m qa.train.pick $(ls -d runs/lr* | grep -v "\.log$") --into "$OUT" || true
tail -n +1 runs/lr*.log >"$OUT/train.log"
