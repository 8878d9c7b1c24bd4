;; Lloyd's assignment kernel of cohortlab's k-means: WebAssembly SIMD (f64x2), hand-written.
;;
;; kernel-wasm.ts holds the compiled module as base64; regenerate it after editing this file:
;;
;;     sh src/cluster/kmeans/wasm/build.sh      # runs wat2wasm (wabt) and base64
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
          (br_if $centroid (i32.lt_u (local.get $pcRow) (local.get $pcEnd))))
        ;; the group's rows, in order
        (local.set $changed (i32.add (local.get $changed)
          (call $row (local.get $r0) (local.get $i)
            (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $n0)))
            (local.get $pW) (local.get $pLab) (local.get $pAcc) (local.get $pWeights)
            (local.get $rowBytes) (local.get $sums))))
        (local.set $inertia (f64.add (local.get $inertia)
          (f64.mul (f64.load (i32.add (local.get $pW) (i32.shl (local.get $i) (i32.const 3))))
                   (f64x2.extract_lane 0 (local.get $b0)))))
        (if (local.get $pU)
          (then
            (call $bounds (local.get $i) (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $n0)))
              (f64x2.extract_lane 0 (local.get $b0)) (local.get $pU) (local.get $pL)
              (local.get $pHalf))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $done (i32.ge_s (local.get $i) (local.get $rows)))
        (local.set $changed (i32.add (local.get $changed)
          (call $row (local.get $r1) (local.get $i)
            (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $n0)))
            (local.get $pW) (local.get $pLab) (local.get $pAcc) (local.get $pWeights)
            (local.get $rowBytes) (local.get $sums))))
        (local.set $inertia (f64.add (local.get $inertia)
          (f64.mul (f64.load (i32.add (local.get $pW) (i32.shl (local.get $i) (i32.const 3))))
                   (f64x2.extract_lane 1 (local.get $b0)))))
        (if (local.get $pU)
          (then
            (call $bounds (local.get $i) (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $n0)))
              (f64x2.extract_lane 1 (local.get $b0)) (local.get $pU) (local.get $pL)
              (local.get $pHalf))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $done (i32.ge_s (local.get $i) (local.get $rows)))
        (local.set $changed (i32.add (local.get $changed)
          (call $row (local.get $r2) (local.get $i)
            (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $n1)))
            (local.get $pW) (local.get $pLab) (local.get $pAcc) (local.get $pWeights)
            (local.get $rowBytes) (local.get $sums))))
        (local.set $inertia (f64.add (local.get $inertia)
          (f64.mul (f64.load (i32.add (local.get $pW) (i32.shl (local.get $i) (i32.const 3))))
                   (f64x2.extract_lane 0 (local.get $b1)))))
        (if (local.get $pU)
          (then
            (call $bounds (local.get $i) (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $n1)))
              (f64x2.extract_lane 0 (local.get $b1)) (local.get $pU) (local.get $pL)
              (local.get $pHalf))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $done (i32.ge_s (local.get $i) (local.get $rows)))
        (local.set $changed (i32.add (local.get $changed)
          (call $row (local.get $r3) (local.get $i)
            (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $n1)))
            (local.get $pW) (local.get $pLab) (local.get $pAcc) (local.get $pWeights)
            (local.get $rowBytes) (local.get $sums))))
        (local.set $inertia (f64.add (local.get $inertia)
          (f64.mul (f64.load (i32.add (local.get $pW) (i32.shl (local.get $i) (i32.const 3))))
                   (f64x2.extract_lane 1 (local.get $b1)))))
        (if (local.get $pU)
          (then
            (call $bounds (local.get $i) (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $n1)))
              (f64x2.extract_lane 1 (local.get $b1)) (local.get $pU) (local.get $pL)
              (local.get $pHalf))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $group (i32.lt_s (local.get $i) (local.get $rows)))))
    ;; inertia and changed count after the weights
    (local.set $pc (i32.add (local.get $pWeights) (i32.shl (local.get $k) (i32.const 3))))
    (f64.store (local.get $pc) (local.get $inertia))
    (f64.store offset=8 (local.get $pc) (f64.convert_i32_u (local.get $changed))))

  ;; Hamerly's first bounds of point i with label a and squared distance `best` to it.
  (func $bounds
    (param $i i32) (param $a i32) (param $best f64) (param $pU i32) (param $pL i32)
    (param $pHalf i32)
    (local $u f64) (local $l f64)
    (local.set $u (f64.sqrt (local.get $best)))
    (f64.store (i32.add (local.get $pU) (i32.shl (local.get $i) (i32.const 3))) (local.get $u))
    (local.set $l
      (f64.sub
        (f64.mul (f64.const 2)
          (f64.load (i32.add (local.get $pHalf) (i32.shl (local.get $a) (i32.const 3)))))
        (local.get $u)))
    ;; `l > 0 ? l : 0` (NaN gives 0, as in JavaScript)
    (f64.store (i32.add (local.get $pL) (i32.shl (local.get $i) (i32.const 3)))
      (select (local.get $l) (f64.const 0) (f64.gt (local.get $l) (f64.const 0)))))

  ;; Row i (at pRow) gets label a: stores it, returns 1 when it changed; with sums, adds w·x
  ;; and w into cluster a's sums and weight, feature order.
  (func $row
    (param $pRow i32) (param $i i32) (param $a i32) (param $pW i32)
    (param $pLab i32) (param $pAcc i32) (param $pWeights i32) (param $rowBytes i32)
    (param $sums i32) (result i32)
    (local $pl i32) (local $pa i32) (local $px i32) (local $pairsEnd i32) (local $w f64)
    (local $wv v128) (local $changed i32)
    (local.set $pl (i32.add (local.get $pLab) (i32.shl (local.get $i) (i32.const 2))))
    (if (i32.ne (i32.load (local.get $pl)) (local.get $a))
      (then
        (i32.store (local.get $pl) (local.get $a))
        (local.set $changed (i32.const 1))))
    (if (local.get $sums)
      (then
        (local.set $w (f64.load (i32.add (local.get $pW) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $wv (f64x2.splat (local.get $w)))
        (local.set $pa (i32.add (local.get $pAcc) (i32.mul (local.get $a) (local.get $rowBytes))))
        (local.set $px (local.get $pRow))
        (local.set $pairsEnd
          (i32.add (local.get $pRow) (i32.and (local.get $rowBytes) (i32.const -16))))
        (block $pairsDone
          (br_if $pairsDone (i32.ge_u (local.get $px) (local.get $pairsEnd)))
          (loop $pair
            (v128.store (local.get $pa)
              (f64x2.add (v128.load (local.get $pa))
                (f64x2.mul (v128.load (local.get $px)) (local.get $wv))))
            (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
            (local.set $px (i32.add (local.get $px) (i32.const 16)))
            (br_if $pair (i32.lt_u (local.get $px) (local.get $pairsEnd)))))
        (if (i32.and (local.get $rowBytes) (i32.const 8))
          (then
            (f64.store (local.get $pa)
              (f64.add (f64.load (local.get $pa))
                (f64.mul (f64.load (local.get $px)) (local.get $w))))))
        (local.set $pa (i32.add (local.get $pWeights) (i32.shl (local.get $a) (i32.const 3))))
        (f64.store (local.get $pa) (f64.add (f64.load (local.get $pa)) (local.get $w)))))
    (local.get $changed))
)
