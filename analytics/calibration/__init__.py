"""The calibration meeting: sessions with proposed and final grades, moves with reasons and
an append-only audit trail (:mod:`.moves`, pure; :mod:`.sessions`, stored through the one
writer), the live guideline fit and the what-if (:mod:`.fit`), the bonus pool (:mod:`.bonus`)
and the write-back file (:mod:`.writeback`). See docs/calibration.md."""
