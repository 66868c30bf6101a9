# A program that does not exist is refused: the server exits non-zero before listening, and
# says which file and why.
# mode: refuse
# program: @TMP@/no-such-program
