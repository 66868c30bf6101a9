# detach lets the program go: it runs to completion by itself and writes its marker. The program
# holds an flock on the marker while alive, so `flock` waits for its end without polling.
# program: detach
# args: @TMP@/marker
break before_detach
continue
detach
shell timeout 10 flock @TMP@/marker cat @TMP@/marker || echo "marker: program still running"
