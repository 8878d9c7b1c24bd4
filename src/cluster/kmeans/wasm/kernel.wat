;; Lloyd's assignment kernel of cohortlab's k-means: WebAssembly SIMD (f64x2), hand-written.
;;
;; kernel-wasm.ts holds the compiled module as base64; regenerate it after editing this file:
;;
;;     sh src/cluster/kmeans/wasm/build.sh      # runs wat2wasm (wabt) and base64
;;
;; build.sh also writes a second module from this text, with the memory line replaced by
;; `(import "env" "memory" (memory 1 65536 shared))`: it works in place on a matrix allocated
;; in a shared WebAssembly.Memory (see ../arena.ts), so that no pass copies rows in or out.
;;
;; Exports besides `assign` (below): `hamerly` (Hamerly's later passes) and `moments` (the
;; variance/finiteness sums), used in place only; see their comments.
;;
;; Export (besides the memory):
;;   assign(pX, pW, pC, k, d, pLab, rows, pAcc, sums, pT, pU, pL, pHalf)
;;
;;   pX    `rows` points, row-major, d float64 each          pW   their weights, float64
;;   pC    the k centroids, row-major, d float64 each        pLab their labels, int32 (in/out)
;;   pAcc  accumulator block: k·d sums, k weights, inertia, changed (kernels.ts's layout)
;;   sums  1: add w·x and w of each point into its cluster's sums and weight
;;   pT    scratch, d·32 bytes
;;   pU    0, or Hamerly's first pass (kernel-source.ts's hamerlyInit): each point's upper
;;         bound √best goes to pU, its lower bound max(2·half[a] − √best, 0) to pL (float64
;;         each), with half[a] read from pHalf (k float64)
;;
;; Each point gets the nearest centroid, the first among exact ties, as its label; Σ w·d² and
;; the number of changed labels go to the block's last two slots (overwritten), the sums are
;; added to what the block holds. All pointers are byte offsets, 8-byte aligned.
;;
;; Four points at a time, one per lane of two f64x2 vectors: their coordinates are interleaved
;; into the scratch ((p0[t], p1[t]), (p2[t], p3[t]) for each feature t), then every centroid
;; is compared with all four at once. Missing points of the last group repeat its last point
;; and their lanes are ignored.
;;
;; Bit-identical to the JavaScript kernels (kernel-source.ts, generic-kernels.ts): a lane
;; computes one point's squared distance to one centroid as 0 + (x0 − c0)² + (x1 − c1)² + …,
;; feature by feature (0 + s = s for every s ≥ +0, and WebAssembly never fuses a multiply
;; with an add); centroids are visited in index order with the same strict-less update
;; (f64x2.pmin(best, s) is exactly `s < best ? s : best`), so the first among ties wins and a
;; NaN distance never does; inertia, sums and weights are added row after row, feature after
;; feature, as the JavaScript loops add them.
(module
  (memory (export "memory") 1)

  (func (export "assign")
    (param $pX i32) (param $pW i32) (param $pC i32) (param $k i32) (param $d i32)
    (param $pLab i32) (param $rows i32) (param $pAcc i32) (param $sums i32) (param $pT i32)
    (param $pU i32) (param $pL i32) (param $pHalf i32)
    (local $rowBytes i32) (local $pcEnd i32) (local $pTEnd i32) (local $pWeights i32)
    (local $i i32) (local $last i32) (local $r0 i32) (local $r1 i32) (local $r2 i32)
    (local $r3 i32) (local $q i32) (local $off i32) (local $pc i32) (local $pcRow i32)
    (local $qPairs i32) (local $changed i32)
    (local $c v128) (local $e v128) (local $s0 v128) (local $s1 v128) (local $b0 v128)
    (local $b1 v128) (local $n0 v128) (local $n1 v128) (local $jv v128) (local $m v128)
    (local $inertia f64)
    (local $s2 v128) (local $s3 v128) (local $c2 v128) (local $x v128) (local $pc2 i32)
    (local $px i32) (local $pxs i32) (local $rr i32) (local $a i32) (local $pl i32) (local $pa i32)
    (local $pairsEnd i32) (local $best f64) (local $w f64) (local $wv v128) (local $u f64) (local $l f64)

    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 3)))
    (local.set $pcEnd (i32.add (local.get $pC) (i32.mul (local.get $k) (local.get $rowBytes))))
    (local.set $pTEnd (i32.add (local.get $pT) (i32.shl (local.get $d) (i32.const 5))))
    ;; the scratch part holding pairs of features
    (local.set $qPairs
      (i32.add (local.get $pT) (i32.shl (i32.shr_u (local.get $d) (i32.const 1)) (i32.const 6))))
    (local.set $pWeights (i32.add (local.get $pAcc) (i32.mul (local.get $k) (local.get $rowBytes))))
    (local.set $last (i32.sub (local.get $rows) (i32.const 1)))
    (local.set $i (i32.const 0))
    (block $done
      (br_if $done (i32.le_s (local.get $rows) (i32.const 0)))
      (loop $group
        ;; the group's four points (the last one repeated past the end)
        (local.set $r0 (i32.add (local.get $pX) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $r1 (local.get $r0))
        (local.set $r2 (local.get $r0))
        (local.set $r3 (local.get $r0))
        (if (i32.lt_s (local.get $i) (local.get $last))
          (then (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))))
        (local.set $r2 (local.get $r1))
        (if (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $last))
          (then (local.set $r2 (i32.add (local.get $r1) (local.get $rowBytes)))))
        (local.set $r3 (local.get $r2))
        (if (i32.lt_s (i32.add (local.get $i) (i32.const 2)) (local.get $last))
          (then (local.set $r3 (i32.add (local.get $r2) (local.get $rowBytes)))))
        ;; interleave: scratch[t] = (p0[t], p1[t]), (p2[t], p3[t])
        (local.set $q (local.get $pT))
        (local.set $off (i32.const 0))
        (loop $interleave
          (v128.store (local.get $q)
            (v128.load64_lane 1 (i32.add (local.get $r1) (local.get $off))
              (v128.load64_splat (i32.add (local.get $r0) (local.get $off)))))
          (v128.store offset=16 (local.get $q)
            (v128.load64_lane 1 (i32.add (local.get $r3) (local.get $off))
              (v128.load64_splat (i32.add (local.get $r2) (local.get $off)))))
          (local.set $q (i32.add (local.get $q) (i32.const 32)))
          (local.set $off (i32.add (local.get $off) (i32.const 8)))
          (br_if $interleave (i32.lt_u (local.get $q) (local.get $pTEnd))))
        ;; every centroid against the four points: best distance and index per lane
        (local.set $b0 (v128.const f64x2 inf inf))
        (local.set $b1 (v128.const f64x2 inf inf))
        (local.set $n0 (v128.const i64x2 0 0))
        (local.set $n1 (v128.const i64x2 0 0))
        (local.set $jv (v128.const i64x2 0 0))
        (local.set $pcRow (local.get $pC))
        ;; two centroids per turn while two are left: four independent sums in flight instead
        ;; of two (each one still adds its features in order, and the two centroids are then
        ;; compared in index order, so nothing changes but the instruction-level parallelism;
        ;; the points' coordinates are loaded once for both)
        (block $pairsOfCentroidsDone
          (loop $centroidPair
            (br_if $pairsOfCentroidsDone
              (i32.gt_u (i32.add (local.get $pcRow) (i32.shl (local.get $rowBytes) (i32.const 1)))
                (local.get $pcEnd)))
            (local.set $s0 (v128.const f64x2 0 0))
            (local.set $s1 (v128.const f64x2 0 0))
            (local.set $s2 (v128.const f64x2 0 0))
            (local.set $s3 (v128.const f64x2 0 0))
            (local.set $q (local.get $pT))
            (local.set $pc (local.get $pcRow))
            (local.set $pc2 (i32.add (local.get $pcRow) (local.get $rowBytes)))
            (block $pairsDone2
              (br_if $pairsDone2 (i32.ge_u (local.get $q) (local.get $qPairs)))
              (loop $pair2
                (local.set $c (v128.load64_splat (local.get $pc)))
                (local.set $c2 (v128.load64_splat (local.get $pc2)))
                (local.set $x (v128.load (local.get $q)))
                (local.set $e (f64x2.sub (local.get $x) (local.get $c)))
                (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $e) (local.get $e))))
                (local.set $e (f64x2.sub (local.get $x) (local.get $c2)))
                (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $e) (local.get $e))))
                (local.set $x (v128.load offset=16 (local.get $q)))
                (local.set $e (f64x2.sub (local.get $x) (local.get $c)))
                (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $e) (local.get $e))))
                (local.set $e (f64x2.sub (local.get $x) (local.get $c2)))
                (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $e) (local.get $e))))
                (local.set $c (v128.load64_splat offset=8 (local.get $pc)))
                (local.set $c2 (v128.load64_splat offset=8 (local.get $pc2)))
                (local.set $x (v128.load offset=32 (local.get $q)))
                (local.set $e (f64x2.sub (local.get $x) (local.get $c)))
                (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $e) (local.get $e))))
                (local.set $e (f64x2.sub (local.get $x) (local.get $c2)))
                (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $e) (local.get $e))))
                (local.set $x (v128.load offset=48 (local.get $q)))
                (local.set $e (f64x2.sub (local.get $x) (local.get $c)))
                (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $e) (local.get $e))))
                (local.set $e (f64x2.sub (local.get $x) (local.get $c2)))
                (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $e) (local.get $e))))
                (local.set $q (i32.add (local.get $q) (i32.const 64)))
                (local.set $pc (i32.add (local.get $pc) (i32.const 16)))
                (local.set $pc2 (i32.add (local.get $pc2) (i32.const 16)))
                (br_if $pair2 (i32.lt_u (local.get $q) (local.get $qPairs)))))
            ;; odd d: the last feature
            (if (i32.lt_u (local.get $q) (local.get $pTEnd))
              (then
                (local.set $c (v128.load64_splat (local.get $pc)))
                (local.set $c2 (v128.load64_splat (local.get $pc2)))
                (local.set $x (v128.load (local.get $q)))
                (local.set $e (f64x2.sub (local.get $x) (local.get $c)))
                (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $e) (local.get $e))))
                (local.set $e (f64x2.sub (local.get $x) (local.get $c2)))
                (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $e) (local.get $e))))
                (local.set $x (v128.load offset=16 (local.get $q)))
                (local.set $e (f64x2.sub (local.get $x) (local.get $c)))
                (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $e) (local.get $e))))
                (local.set $e (f64x2.sub (local.get $x) (local.get $c2)))
                (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $e) (local.get $e))))))
            ;; centroid j, then j + 1: s < best takes it (strict, so earlier centroids keep ties)
            (local.set $m (f64x2.lt (local.get $s0) (local.get $b0)))
            (local.set $b0 (f64x2.pmin (local.get $b0) (local.get $s0)))
            (local.set $n0 (v128.bitselect (local.get $jv) (local.get $n0) (local.get $m)))
            (local.set $m (f64x2.lt (local.get $s1) (local.get $b1)))
            (local.set $b1 (f64x2.pmin (local.get $b1) (local.get $s1)))
            (local.set $n1 (v128.bitselect (local.get $jv) (local.get $n1) (local.get $m)))
            (local.set $jv (i64x2.add (local.get $jv) (v128.const i64x2 1 1)))
            (local.set $m (f64x2.lt (local.get $s2) (local.get $b0)))
            (local.set $b0 (f64x2.pmin (local.get $b0) (local.get $s2)))
            (local.set $n0 (v128.bitselect (local.get $jv) (local.get $n0) (local.get $m)))
            (local.set $m (f64x2.lt (local.get $s3) (local.get $b1)))
            (local.set $b1 (f64x2.pmin (local.get $b1) (local.get $s3)))
            (local.set $n1 (v128.bitselect (local.get $jv) (local.get $n1) (local.get $m)))
            (local.set $jv (i64x2.add (local.get $jv) (v128.const i64x2 1 1)))
            (local.set $pcRow
              (i32.add (local.get $pcRow) (i32.shl (local.get $rowBytes) (i32.const 1))))
            (br $centroidPair)))
        ;; the last centroid of an odd k, alone
        (if (i32.lt_u (local.get $pcRow) (local.get $pcEnd))
          (then
            (loop $centroid
              (local.set $s0 (v128.const f64x2 0 0))
              (local.set $s1 (v128.const f64x2 0 0))
              (local.set $q (local.get $pT))
              (local.set $pc (local.get $pcRow))
              ;; two features per turn
              (block $pairsDone
                (br_if $pairsDone (i32.ge_u (local.get $q) (local.get $qPairs)))
                (loop $pair
                  (local.set $c (v128.load64_splat (local.get $pc)))
                  (local.set $e (f64x2.sub (v128.load (local.get $q)) (local.get $c)))
                  (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $e) (local.get $e))))
                  (local.set $e (f64x2.sub (v128.load offset=16 (local.get $q)) (local.get $c)))
                  (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $e) (local.get $e))))
                  (local.set $c (v128.load64_splat offset=8 (local.get $pc)))
                  (local.set $e (f64x2.sub (v128.load offset=32 (local.get $q)) (local.get $c)))
                  (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $e) (local.get $e))))
                  (local.set $e (f64x2.sub (v128.load offset=48 (local.get $q)) (local.get $c)))
                  (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $e) (local.get $e))))
                  (local.set $q (i32.add (local.get $q) (i32.const 64)))
                  (local.set $pc (i32.add (local.get $pc) (i32.const 16)))
                  (br_if $pair (i32.lt_u (local.get $q) (local.get $qPairs)))))
              ;; odd d: the last feature
              (if (i32.lt_u (local.get $q) (local.get $pTEnd))
                (then
                  (local.set $c (v128.load64_splat (local.get $pc)))
                  (local.set $e (f64x2.sub (v128.load (local.get $q)) (local.get $c)))
                  (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $e) (local.get $e))))
                  (local.set $e (f64x2.sub (v128.load offset=16 (local.get $q)) (local.get $c)))
                  (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $e) (local.get $e))))))
              ;; s < best: take it (strict, so earlier centroids keep ties)
              (local.set $m (f64x2.lt (local.get $s0) (local.get $b0)))
              (local.set $b0 (f64x2.pmin (local.get $b0) (local.get $s0)))
              (local.set $n0 (v128.bitselect (local.get $jv) (local.get $n0) (local.get $m)))
              (local.set $m (f64x2.lt (local.get $s1) (local.get $b1)))
              (local.set $b1 (f64x2.pmin (local.get $b1) (local.get $s1)))
              (local.set $n1 (v128.bitselect (local.get $jv) (local.get $n1) (local.get $m)))
              (local.set $jv (i64x2.add (local.get $jv) (v128.const i64x2 1 1)))
              (local.set $pcRow (i32.add (local.get $pcRow) (local.get $rowBytes)))
              (br_if $centroid (i32.lt_u (local.get $pcRow) (local.get $pcEnd))))))
        ;; the group's rows, in order, inlined (a call per row costs its arguments and the
        ;; spills of the vector locals): lane 0 of b0/n0 is the current row's, and after each
        ;; row the four lanes shift down by one (b0 = (b0[1], b1[0]), b1 = (b1[1], b1[1]))
        (local.set $px (local.get $r0))
        (local.set $rr (i32.const 4))
        (loop $rowLoop
          (local.set $a (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $n0))))
          (local.set $best (f64x2.extract_lane 0 (local.get $b0)))
          (local.set $pl (i32.add (local.get $pLab) (i32.shl (local.get $i) (i32.const 2))))
          (if (i32.ne (i32.load (local.get $pl)) (local.get $a))
            (then
              (i32.store (local.get $pl) (local.get $a))
              (local.set $changed (i32.add (local.get $changed) (i32.const 1)))))
          (local.set $w (f64.load (i32.add (local.get $pW) (i32.shl (local.get $i) (i32.const 3)))))
          (if (local.get $sums)
            (then
              (local.set $wv (f64x2.splat (local.get $w)))
              (local.set $pa (i32.add (local.get $pAcc) (i32.mul (local.get $a) (local.get $rowBytes))))
              (local.set $pxs (local.get $px))
              (local.set $pairsEnd
                (i32.add (local.get $px) (i32.and (local.get $rowBytes) (i32.const -16))))
              (block $pairsDone
                (br_if $pairsDone (i32.ge_u (local.get $pxs) (local.get $pairsEnd)))
                (loop $pair
                  (v128.store (local.get $pa)
                    (f64x2.add (v128.load (local.get $pa))
                      (f64x2.mul (v128.load (local.get $pxs)) (local.get $wv))))
                  (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
                  (local.set $pxs (i32.add (local.get $pxs) (i32.const 16)))
                  (br_if $pair (i32.lt_u (local.get $pxs) (local.get $pairsEnd)))))
              (if (i32.and (local.get $rowBytes) (i32.const 8))
                (then
                  (f64.store (local.get $pa)
                    (f64.add (f64.load (local.get $pa))
                      (f64.mul (f64.load (local.get $pxs)) (local.get $w))))))
              (local.set $pa (i32.add (local.get $pWeights) (i32.shl (local.get $a) (i32.const 3))))
              (f64.store (local.get $pa) (f64.add (f64.load (local.get $pa)) (local.get $w)))))
          (local.set $inertia (f64.add (local.get $inertia) (f64.mul (local.get $w) (local.get $best))))
          (if (local.get $pU)
            (then
              ;; Hamerly's first bounds: u = √best, l = max(2·half[a] − u, 0) (NaN gives 0,
              ;; as in JavaScript)
              (local.set $u (f64.sqrt (local.get $best)))
              (f64.store (i32.add (local.get $pU) (i32.shl (local.get $i) (i32.const 3))) (local.get $u))
              (local.set $l
                (f64.sub
                  (f64.mul (f64.const 2)
                    (f64.load (i32.add (local.get $pHalf) (i32.shl (local.get $a) (i32.const 3)))))
                  (local.get $u)))
              (f64.store (i32.add (local.get $pL) (i32.shl (local.get $i) (i32.const 3)))
                (select (local.get $l) (f64.const 0) (f64.gt (local.get $l) (f64.const 0))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $done (i32.ge_s (local.get $i) (local.get $rows)))
          (local.set $px (i32.add (local.get $px) (local.get $rowBytes)))
          (local.set $b0 (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23
            (local.get $b0) (local.get $b1)))
          (local.set $n0 (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23
            (local.get $n0) (local.get $n1)))
          (local.set $b1 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
            (local.get $b1) (local.get $b1)))
          (local.set $n1 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
            (local.get $n1) (local.get $n1)))
          (local.set $rr (i32.sub (local.get $rr) (i32.const 1)))
          (br_if $rowLoop (local.get $rr)))
        (br $group)))
    ;; inertia and changed count after the weights
    (local.set $pc (i32.add (local.get $pWeights) (i32.shl (local.get $k) (i32.const 3))))
    (f64.store (local.get $pc) (local.get $inertia))
    (f64.store offset=8 (local.get $pc) (f64.convert_i32_u (local.get $changed))))

  ;; Hamerly's later passes (kernel-source.ts's `hamerly`, the same operations in the same
  ;; order, so bit-identical): for each of `rows` points, the bounds are moved by the centroid
  ;; shifts (pShift, k float64; the largest `shiftMax`, the second `shiftSecond`, the index of
  ;; the largest `argMax`, −1 for none); a point the bounds do not settle (u·(1 + 2⁻³²) < m)
  ;; gets its distance to its own centroid and, if still unsettled, to all of them (nearest
  ;; and second nearest: label and exact bounds). With `wantInertia`, the distance to the own
  ;; centroid is computed for every point and Σ w·d² is written to the block's inertia slot
  ;; (NaN otherwise); the changed count goes to the last slot. With `sums`, when a label
  ;; changed or the block does not hold the previous pass's sums (`summed` 0), the block's
  ;; sums and weights are recomputed from 0, row after row.
  (func (export "hamerly")
    (param $pX i32) (param $pW i32) (param $pC i32) (param $k i32) (param $d i32)
    (param $pLab i32) (param $rows i32) (param $pAcc i32) (param $pU i32) (param $pL i32)
    (param $pHalf i32) (param $pShift i32) (param $shiftMax f64) (param $shiftSecond f64)
    (param $argMax i32) (param $wantInertia i32) (param $sums i32) (param $summed i32)
    (local $i i32) (local $a i32) (local $u f64) (local $l f64) (local $h f64) (local $m f64)
    (local $own f64) (local $settled i32) (local $px i32) (local $pc i32) (local $s f64)
    (local $rowBytes i32) (local $pairBytes i32) (local $b1 f64) (local $b2 f64)
    (local $bj i32) (local $j i32) (local $changed i32) (local $inertia f64)
    (local $pWeights i32) (local $p i32) (local $w f64) (local $wv v128) (local $pairsEnd i32)
    (local $pxd i32) (local $e f64) (local $ev v128)
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 3)))
    (local.set $pairBytes (i32.shl (i32.and (local.get $d) (i32.const -2)) (i32.const 3)))
    (local.set $pWeights (i32.add (local.get $pAcc) (i32.mul (local.get $k) (local.get $rowBytes))))
    (block $done
      (br_if $done (i32.le_s (local.get $rows) (i32.const 0)))
      (loop $point
        (local.set $a (i32.load (i32.add (local.get $pLab) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $u
          (f64.add (f64.load (i32.add (local.get $pU) (i32.shl (local.get $i) (i32.const 3))))
                   (f64.load (i32.add (local.get $pShift) (i32.shl (local.get $a) (i32.const 3))))))
        (local.set $l
          (f64.sub (f64.load (i32.add (local.get $pL) (i32.shl (local.get $i) (i32.const 3))))
                   (select (local.get $shiftSecond) (local.get $shiftMax)
                     (i32.eq (local.get $a) (local.get $argMax)))))
        (local.set $h (f64.load (i32.add (local.get $pHalf) (i32.shl (local.get $a) (i32.const 3)))))
        ;; `h > l ? h : l`
        (local.set $m (select (local.get $h) (local.get $l) (f64.gt (local.get $h) (local.get $l))))
        (local.set $own (f64.const 0))
        (local.set $settled
          (f64.lt (f64.mul (local.get $u) (f64.const 0x1.00000001p+0)) (local.get $m)))
        (local.set $px (i32.add (local.get $pX) (i32.mul (local.get $i) (local.get $rowBytes))))
        (if (i32.or (i32.eqz (local.get $settled)) (local.get $wantInertia))
          (then
            ;; $distance to the own centroid, inlined (the same adds in the same order)
            (local.set $pc (i32.add (local.get $pC) (i32.mul (local.get $a) (local.get $rowBytes))))
            (local.set $pxd (local.get $px))
            (local.set $pairsEnd (i32.add (local.get $px) (local.get $pairBytes)))
            (block $ownPairsDone
              (br_if $ownPairsDone (i32.ge_u (local.get $pxd) (local.get $pairsEnd)))
              (loop $ownPair
                ;; both features' squares at once; added one after the other, as before
                (local.set $ev (f64x2.sub (v128.load (local.get $pxd)) (v128.load (local.get $pc))))
                (local.set $ev (f64x2.mul (local.get $ev) (local.get $ev)))
                (local.set $own (f64.add (local.get $own) (f64x2.extract_lane 0 (local.get $ev))))
                (local.set $own (f64.add (local.get $own) (f64x2.extract_lane 1 (local.get $ev))))
                (local.set $pxd (i32.add (local.get $pxd) (i32.const 16)))
                (local.set $pc (i32.add (local.get $pc) (i32.const 16)))
                (br_if $ownPair (i32.lt_u (local.get $pxd) (local.get $pairsEnd)))))
            (if (i32.and (local.get $rowBytes) (i32.const 8))
              (then
                (local.set $e (f64.sub (f64.load (local.get $pxd)) (f64.load (local.get $pc))))
                (local.set $own (f64.add (local.get $own) (f64.mul (local.get $e) (local.get $e))))))))
        (if (i32.eqz (local.get $settled))
          (then
            (local.set $u (f64.sqrt (local.get $own)))
            (if (f64.ge (f64.mul (local.get $u) (f64.const 0x1.00000001p+0)) (local.get $m))
              (then
                ;; nearest and second nearest, the first among ties
                (local.set $b1 (f64.const inf))
                (local.set $b2 (f64.const inf))
                (local.set $bj (i32.const 0))
                (local.set $j (i32.const 0))
                (local.set $pc (local.get $pC))
                (loop $centroid
                  (local.set $s
                    (call $distance (local.get $px) (local.get $pc) (local.get $pairBytes)
                      (local.get $rowBytes)))
                  (if (f64.lt (local.get $s) (local.get $b1))
                    (then
                      (local.set $b2 (local.get $b1))
                      (local.set $b1 (local.get $s))
                      (local.set $bj (local.get $j)))
                    (else
                      (if (f64.lt (local.get $s) (local.get $b2))
                        (then (local.set $b2 (local.get $s))))))
                  (local.set $pc (i32.add (local.get $pc) (local.get $rowBytes)))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))
                  (br_if $centroid (i32.lt_s (local.get $j) (local.get $k))))
                (local.set $u (f64.sqrt (local.get $b1)))
                (local.set $l (f64.sqrt (local.get $b2)))
                (local.set $own (local.get $b1))
                (if (i32.ne (local.get $a) (local.get $bj))
                  (then
                    (i32.store (i32.add (local.get $pLab) (i32.shl (local.get $i) (i32.const 2)))
                      (local.get $bj))
                    (local.set $changed (i32.add (local.get $changed) (i32.const 1)))))))))
        (f64.store (i32.add (local.get $pU) (i32.shl (local.get $i) (i32.const 3))) (local.get $u))
        (f64.store (i32.add (local.get $pL) (i32.shl (local.get $i) (i32.const 3))) (local.get $l))
        (local.set $inertia (f64.add (local.get $inertia)
          (f64.mul (f64.load (i32.add (local.get $pW) (i32.shl (local.get $i) (i32.const 3))))
                   (local.get $own))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $point (i32.lt_s (local.get $i) (local.get $rows)))))
    ;; the sums, from 0, when they may have changed
    (if (i32.and (local.get $sums)
          (i32.or (i32.gt_s (local.get $changed) (i32.const 0)) (i32.eqz (local.get $summed))))
      (then
        (memory.fill (local.get $pAcc) (i32.const 0)
          (i32.add (i32.mul (local.get $k) (local.get $rowBytes)) (i32.shl (local.get $k) (i32.const 3))))
        (local.set $i (i32.const 0))
        (block $summedAll
          (br_if $summedAll (i32.le_s (local.get $rows) (i32.const 0)))
          (loop $sum
            ;; w·x into the label's sums (pairs, then an odd last feature), w into its weight,
            ;; as the first pass adds them
            (local.set $a (i32.load (i32.add (local.get $pLab) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $w (f64.load (i32.add (local.get $pW) (i32.shl (local.get $i) (i32.const 3)))))
            (local.set $wv (f64x2.splat (local.get $w)))
            (local.set $pc (i32.add (local.get $pAcc) (i32.mul (local.get $a) (local.get $rowBytes))))
            (local.set $px (i32.add (local.get $pX) (i32.mul (local.get $i) (local.get $rowBytes))))
            (local.set $pairsEnd (i32.add (local.get $px) (i32.and (local.get $rowBytes) (i32.const -16))))
            (block $pairsDone
              (br_if $pairsDone (i32.ge_u (local.get $px) (local.get $pairsEnd)))
              (loop $pair
                (v128.store (local.get $pc)
                  (f64x2.add (v128.load (local.get $pc))
                    (f64x2.mul (v128.load (local.get $px)) (local.get $wv))))
                (local.set $pc (i32.add (local.get $pc) (i32.const 16)))
                (local.set $px (i32.add (local.get $px) (i32.const 16)))
                (br_if $pair (i32.lt_u (local.get $px) (local.get $pairsEnd)))))
            (if (i32.and (local.get $rowBytes) (i32.const 8))
              (then
                (f64.store (local.get $pc)
                  (f64.add (f64.load (local.get $pc))
                    (f64.mul (f64.load (local.get $px)) (local.get $w))))))
            (local.set $pc (i32.add (local.get $pWeights) (i32.shl (local.get $a) (i32.const 3))))
            (f64.store (local.get $pc) (f64.add (f64.load (local.get $pc)) (local.get $w)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $sum (i32.lt_s (local.get $i) (local.get $rows)))))))
    (local.set $p (i32.add (local.get $pWeights) (i32.shl (local.get $k) (i32.const 3))))
    (f64.store (local.get $p)
      (select (local.get $inertia) (f64.const nan) (local.get $wantInertia)))
    (f64.store offset=8 (local.get $p) (f64.convert_i32_u (local.get $changed))))

  ;; The squared distance between the rows at pRow and pC (d = rowBytes / 8 features):
  ;; 0 + (x0 − c0)² + (x1 − c1)² + …, feature by feature (the JavaScript loops start from
  ;; (x0 − c0)², the same value, since 0 + s = s for every s ≥ +0).
  (func $distance
    (param $pRow i32) (param $pC i32) (param $pairBytes i32) (param $rowBytes i32) (result f64)
    (local $s f64) (local $e f64) (local $pairsEnd i32)
    (local.set $pairsEnd (i32.add (local.get $pRow) (local.get $pairBytes)))
    (block $pairsDone
      (br_if $pairsDone (i32.ge_u (local.get $pRow) (local.get $pairsEnd)))
      (loop $pair
        (local.set $e (f64.sub (f64.load (local.get $pRow)) (f64.load (local.get $pC))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $e) (local.get $e))))
        (local.set $e
          (f64.sub (f64.load offset=8 (local.get $pRow)) (f64.load offset=8 (local.get $pC))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $e) (local.get $e))))
        (local.set $pRow (i32.add (local.get $pRow) (i32.const 16)))
        (local.set $pC (i32.add (local.get $pC) (i32.const 16)))
        (br_if $pair (i32.lt_u (local.get $pRow) (local.get $pairsEnd)))))
    (if (i32.and (local.get $rowBytes) (i32.const 8))
      (then
        (local.set $e (f64.sub (f64.load (local.get $pRow)) (f64.load (local.get $pC))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $e) (local.get $e))))))
    (local.get $s))

  ;; The data's moments over `rows` rows of d features at pX (kernel-source.ts's `moments`,
  ;; bit-identical): for each feature t, Σ (x_t − y_t) and Σ (x_t − y_t)², rows in order from
  ;; 0, where y is the row at pY; then added into out[t] and out[d + t] (pOut, 2·d float64).
  ;; A lane holds one feature, so each sum sees the same additions in the same order as the
  ;; JavaScript loop. Four pairs of features per sweep over the rows (eight independent
  ;; sums in flight), then single pairs, then the odd last feature.
  (func (export "moments")
    (param $pX i32) (param $rows i32) (param $d i32) (param $pY i32) (param $pOut i32)
    (local $rowBytes i32) (local $f i32) (local $px i32) (local $end i32) (local $a v128)
    (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128)
    (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $m3 v128)
    (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128)
    (local $ma f64) (local $qa f64) (local $ya f64) (local $e f64) (local $po i32)
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 3)))
    (local.set $end (i32.add (local.get $pX) (i32.mul (local.get $rows) (local.get $rowBytes))))
    (br_if 0 (i32.le_s (local.get $rows) (i32.const 0)))
    ;; $f: byte offset of the current feature within a row
    (block $quadsDone
      (loop $quad
        (br_if $quadsDone (i32.gt_u (i32.add (local.get $f) (i32.const 64)) (local.get $rowBytes)))
        (local.set $y0 (v128.load (i32.add (local.get $pY) (local.get $f))))
        (local.set $y1 (v128.load offset=16 (i32.add (local.get $pY) (local.get $f))))
        (local.set $y2 (v128.load offset=32 (i32.add (local.get $pY) (local.get $f))))
        (local.set $y3 (v128.load offset=48 (i32.add (local.get $pY) (local.get $f))))
        (local.set $m0 (v128.const f64x2 0 0)) (local.set $q0 (v128.const f64x2 0 0))
        (local.set $m1 (v128.const f64x2 0 0)) (local.set $q1 (v128.const f64x2 0 0))
        (local.set $m2 (v128.const f64x2 0 0)) (local.set $q2 (v128.const f64x2 0 0))
        (local.set $m3 (v128.const f64x2 0 0)) (local.set $q3 (v128.const f64x2 0 0))
        (local.set $px (i32.add (local.get $pX) (local.get $f)))
        (loop $row
          (local.set $a (f64x2.sub (v128.load (local.get $px)) (local.get $y0)))
          (local.set $m0 (f64x2.add (local.get $m0) (local.get $a)))
          (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (local.get $a) (local.get $a))))
          (local.set $a (f64x2.sub (v128.load offset=16 (local.get $px)) (local.get $y1)))
          (local.set $m1 (f64x2.add (local.get $m1) (local.get $a)))
          (local.set $q1 (f64x2.add (local.get $q1) (f64x2.mul (local.get $a) (local.get $a))))
          (local.set $a (f64x2.sub (v128.load offset=32 (local.get $px)) (local.get $y2)))
          (local.set $m2 (f64x2.add (local.get $m2) (local.get $a)))
          (local.set $q2 (f64x2.add (local.get $q2) (f64x2.mul (local.get $a) (local.get $a))))
          (local.set $a (f64x2.sub (v128.load offset=48 (local.get $px)) (local.get $y3)))
          (local.set $m3 (f64x2.add (local.get $m3) (local.get $a)))
          (local.set $q3 (f64x2.add (local.get $q3) (f64x2.mul (local.get $a) (local.get $a))))
          (local.set $px (i32.add (local.get $px) (local.get $rowBytes)))
          (br_if $row (i32.lt_u (local.get $px) (local.get $end))))
        (local.set $po (i32.add (local.get $pOut) (local.get $f)))
        (v128.store (local.get $po) (f64x2.add (v128.load (local.get $po)) (local.get $m0)))
        (v128.store offset=16 (local.get $po)
          (f64x2.add (v128.load offset=16 (local.get $po)) (local.get $m1)))
        (v128.store offset=32 (local.get $po)
          (f64x2.add (v128.load offset=32 (local.get $po)) (local.get $m2)))
        (v128.store offset=48 (local.get $po)
          (f64x2.add (v128.load offset=48 (local.get $po)) (local.get $m3)))
        (local.set $po (i32.add (local.get $po) (local.get $rowBytes)))
        (v128.store (local.get $po) (f64x2.add (v128.load (local.get $po)) (local.get $q0)))
        (v128.store offset=16 (local.get $po)
          (f64x2.add (v128.load offset=16 (local.get $po)) (local.get $q1)))
        (v128.store offset=32 (local.get $po)
          (f64x2.add (v128.load offset=32 (local.get $po)) (local.get $q2)))
        (v128.store offset=48 (local.get $po)
          (f64x2.add (v128.load offset=48 (local.get $po)) (local.get $q3)))
        (local.set $f (i32.add (local.get $f) (i32.const 64)))
        (br $quad)))
    ;; the remaining pairs, one at a time
    (block $pairsDone
      (loop $pair
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $f) (i32.const 16)) (local.get $rowBytes)))
        (local.set $y0 (v128.load (i32.add (local.get $pY) (local.get $f))))
        (local.set $m0 (v128.const f64x2 0 0))
        (local.set $q0 (v128.const f64x2 0 0))
        (local.set $px (i32.add (local.get $pX) (local.get $f)))
        (loop $row2
          (local.set $a (f64x2.sub (v128.load (local.get $px)) (local.get $y0)))
          (local.set $m0 (f64x2.add (local.get $m0) (local.get $a)))
          (local.set $q0 (f64x2.add (local.get $q0) (f64x2.mul (local.get $a) (local.get $a))))
          (local.set $px (i32.add (local.get $px) (local.get $rowBytes)))
          (br_if $row2 (i32.lt_u (local.get $px) (local.get $end))))
        (local.set $po (i32.add (local.get $pOut) (local.get $f)))
        (v128.store (local.get $po) (f64x2.add (v128.load (local.get $po)) (local.get $m0)))
        (local.set $po (i32.add (local.get $po) (local.get $rowBytes)))
        (v128.store (local.get $po) (f64x2.add (v128.load (local.get $po)) (local.get $q0)))
        (local.set $f (i32.add (local.get $f) (i32.const 16)))
        (br $pair)))
    ;; odd d: the last feature
    (if (i32.lt_u (local.get $f) (local.get $rowBytes))
      (then
        (local.set $ya (f64.load (i32.add (local.get $pY) (local.get $f))))
        (local.set $px (i32.add (local.get $pX) (local.get $f)))
        (loop $row1
          (local.set $e (f64.sub (f64.load (local.get $px)) (local.get $ya)))
          (local.set $ma (f64.add (local.get $ma) (local.get $e)))
          (local.set $qa (f64.add (local.get $qa) (f64.mul (local.get $e) (local.get $e))))
          (local.set $px (i32.add (local.get $px) (local.get $rowBytes)))
          (br_if $row1 (i32.lt_u (local.get $px) (local.get $end))))
        (local.set $po (i32.add (local.get $pOut) (local.get $f)))
        (f64.store (local.get $po) (f64.add (f64.load (local.get $po)) (local.get $ma)))
        (local.set $po (i32.add (local.get $po) (local.get $rowBytes)))
        (f64.store (local.get $po) (f64.add (f64.load (local.get $po)) (local.get $qa))))))
)
