module fastgen.example/verify

go 1.22
