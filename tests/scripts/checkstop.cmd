# With no new PSWs in low core (all zero, invalid), an SVC's new PSW is
# invalid: a specification exception, whose program new PSW is invalid
# too. A real CPU would loop forever; this one check-stops.
alter 2000 0A07
psw 00080000 80002000
go
expect stop CHECKSTOP
expect mem 8C == 00000006
