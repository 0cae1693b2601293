set tokens [regexp -all -inline {\S+} [read stdin]]
puts [expr {[lindex $tokens 0] + [lindex $tokens 1]}]
