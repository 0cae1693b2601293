(require '[clojure.string :as str])

(let [tokens (str/split (str/trim (slurp *in*)) #"\s+")]
  (println (reduce + (map #(Long/parseLong %) tokens))))
