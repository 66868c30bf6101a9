# Registers: rip from the general block; xmm0 and ymm0 (lanes 1..8 loaded by load_vectors()),
# which a server can only return from the FP/XSAVE state.
# program: break
break break.c:@LINE:break.c:after-vectors@
continue
info registers rip
print $pc == $rip
print $xmm0
print $xmm0.v4_int32
print $ymm0
print $ymm0.v8_int32
info registers rsp
