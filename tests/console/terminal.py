#!/usr/bin/env python3
"""tests/console/terminal.py CREASY BUILD_DIR: the console on a terminal, as a
person uses it, through a pseudo-terminal (issue 11).

- The console stays responsive while a guest computes: under CP, with
  ALICE running HOG, the prompt comes back, `vms` answers, a line typed to
  BOB runs his program, and Ctrl-C stops the machine.
- Ctrl-C stops `step 99999999999`, and drops a half-typed line.
- Completion: command names at the command position (no mnemonics
  there), user ids, device addresses.
- History persists between sessions (a new session's up-arrow finds the
  last one's lines), and a history that cannot be written is said once
  and does not stop the console.

Every wait has a timeout: a console that does not answer fails the test.
"""
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\r|\x07")


class Tty:
    """A creasy on a pseudo-terminal."""

    def __init__(self, argv, env, cwd):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(cwd)
            os.execve(argv[0], argv, env)
        import fcntl, struct, termios
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        self.raw = b""
        self.seen = 0   # how much of the screen text earlier expects consumed

    def text(self):
        """The output without escape sequences, backspaces applied."""
        text = ANSI.sub(b"", self.raw).decode("latin-1")
        while "\b" in text:
            text = re.sub("[^\n]\b|^\b", "", text, count=0, flags=re.M)
        return text

    def pump(self, t):
        r, _, _ = select.select([self.fd], [], [], t)
        if r:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                data = b""
            if not data:
                return False
            self.raw += data
        return True

    def expect(self, pattern, timeout, what):
        """Wait for `pattern` in the text after what earlier expects took."""
        end = time.time() + timeout
        rx = re.compile(pattern)
        while True:
            m = rx.search(self.text(), self.seen)
            if m:
                self.seen = m.end()
                return m
            left = end - time.time()
            if left <= 0 or not self.pump(min(left, 0.2)) and not self.alive():
                raise Failure(what, self.text()[-1500:])

    def quiet(self, t):
        end = time.time() + t
        while time.time() < end:
            self.pump(0.05)

    def send(self, s):
        os.write(self.fd, s.encode())

    def alive(self):
        try:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            return pid == 0
        except ChildProcessError:
            return False

    def wait_exit(self, timeout):
        end = time.time() + timeout
        while time.time() < end:
            self.pump(0.1)
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                return None
            if pid:
                return os.waitstatus_to_exitcode(status)
        self.kill()
        return None

    def kill(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


class Failure(Exception):
    pass


PROMPT = r"creasy(?: \[\.[A-Z0-9]+\])?> "


def cp_system(creasy, build, tmp):
    """The default system in tmp, as tests/cp/run.sh makes it: CP's and
    CMS's disks from the build, a fresh user volume."""
    text = subprocess.run([creasy, "--show-system", "cp"], capture_output=True, text=True, check=True).stdout
    text = text.replace("file: cp1a0.disk", "file: %s/cp1a0.disk" % build)
    text = text.replace("file: cms190.disk", "file: %s/cms190.disk" % build)
    path = os.path.join(tmp, "system.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def responsive(creasy, build, tmp, env):
    """Under CP, while ALICE's HOG computes."""
    t = Tty([creasy, "--config", cp_system(creasy, build, tmp)], env, tmp)
    try:
        for user in ("ALICE", "BOB", "CAROL"):
            t.expect(user + r": DMSACC112S", 120, "CP and CMS come up")
        t.quiet(0.5)
        t.send("console alice\r")
        t.expect(r"creasy \[\.ALICE\]> ", 10, "console alice")
        t.send(".hog 20000\r")
        t.expect(r"the CPU runs on while the console takes commands", 20, "the run goes on in the background")
        t.expect(PROMPT, 10, "the prompt comes back while ALICE computes")
        t.send("vms\r")
        t.expect(r"ALICE +trap +(running|ready)", 10, "vms answers while ALICE computes")
        t.send("console bob\r")
        t.expect(r"creasy \[\.BOB\]> ", 10, "console bob while ALICE computes")
        t.send(".hello\r")
        t.expect(r"BOB: HELLO, WORLD, FROM A PROGRAM IN PROBLEM STATE", 60, "BOB's program runs beside ALICE's")
        t.quiet(0.3)
        t.send("\x03")
        t.expect(r"stopped by the operator", 10, "Ctrl-C stops the machine")
        t.expect(PROMPT, 10, "the prompt after Ctrl-C")
        # completion: commands at the command position, users, devices
        t.send("con\t")
        t.expect(r"console $", 5, "the command name completes")
        t.send("al\t")
        t.expect(r"alice $", 5, "the user id completes")
        t.send("\r")
        t.expect(r"creasy \[\.ALICE\]> ", 10, "console alice, completed")
        t.send("console 02\t\t")
        t.expect(r"020 +021 +022", 5, "device addresses are listed")
        t.send("\x03")   # Ctrl-C drops the line
        t.expect(r"\^C", 5, "Ctrl-C drops the line")
        t.send("devices 1A\t")
        t.expect(r"devices 1A0 $", 5, "a device address completes")
        t.send("\x03")
        t.expect(r"\^C", 5, "Ctrl-C drops the line")
        t.send("step vm b\t")
        t.expect(r"step vm bob $", 5, "step vm completes a user id")
        t.send("\x03")
        t.expect(r"\^C", 5, "Ctrl-C drops the line")
        t.send("stnsm\t\r")
        t.expect(r"unknown command 'stnsm'", 5, "no mnemonic is offered at the command position")
        t.send("break priv stns\t")
        t.expect(r"break priv stnsm $", 5, "mnemonics are offered after break priv")
        t.send("\x03")
        t.expect(r"\^C", 5, "Ctrl-C drops the line")
        t.send("echo remembered\r")
        t.expect(r"\nremembered", 5, "echo")
        t.send("quit\r")
        rc = t.wait_exit(20)
        if rc != 0:
            raise Failure("quit ends the session with 0 (got %s)" % rc, t.text()[-800:])
    finally:
        t.kill()


def interrupts(creasy, build, tmp, env):
    """Ctrl-C stops step N; at the prompt it drops the line being typed."""
    t = Tty([creasy, os.path.join(build, "programs/bare/svc.elf")], env, tmp)
    try:
        t.expect(PROMPT, 20, "the prompt")
        t.send("alter 10000 A7F40000\r")   # BRC 15,*: a loop
        t.expect(PROMPT, 10, "alter")
        t.send("step 99999999999\r")
        t.expect(r"BRC", 10, "step shows each instruction")
        t.quiet(1)
        t.send("\x03")
        t.expect(r"stopped by the operator", 10, "Ctrl-C stops step 99999999999")
        t.expect(PROMPT + r"$", 10, "the prompt after Ctrl-C")
        t.send("half a line")
        t.expect(r"half a line", 5, "typing")
        t.send("\x03")
        t.expect(r"\^C", 5, "Ctrl-C at the prompt")
        t.send("echo clean\r")
        t.expect(r"\nclean", 5, "the dropped line is gone")
        # history from the session before: a reverse search finds it
        t.send("\x12remem")
        t.quiet(0.3)
        t.send("\r")
        t.expect(r"\nremembered", 10, "history from the last session")
        t.send("quit\r")
        rc = t.wait_exit(20)
        if rc != 0:
            raise Failure("quit ends the session with 0 (got %s)" % rc, t.text()[-800:])
    finally:
        t.kill()


def no_history(creasy, build, tmp, env):
    """A history that cannot be written does not stop the console."""
    env = dict(env, XDG_STATE_HOME="/proc/creasy-cannot-be-here")
    t = Tty([creasy, os.path.join(build, "programs/bare/svc.elf")], env, tmp)
    try:
        t.expect(r"the command history is not kept", 20, "a history that cannot be kept is said")
        t.expect(PROMPT, 10, "the prompt all the same")
        t.send("echo works\r")
        t.expect(r"\nworks", 5, "the console works")
        t.send("echo again\r")
        t.expect(r"\nagain", 5, "the console works")
        t.send("quit\r")
        rc = t.wait_exit(20)
        if rc != 0:
            raise Failure("quit ends the session with 0 (got %s)" % rc, t.text()[-800:])
        if t.text().count("history is not kept") != 1:
            raise Failure("the history's trouble is said once", t.text()[-800:])
    finally:
        t.kill()


def main():
    creasy, build = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    tmp = tempfile.mkdtemp(prefix="creasy-tty.")
    home = os.path.join(tmp, "home")
    os.mkdir(home)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "TERM": "xterm",
           "INPUTRC": "/dev/null", "LANG": "C"}
    fail = 0
    try:
        for name, test in (("responsive", responsive), ("interrupts", interrupts), ("no_history", no_history)):
            try:
                test(creasy, build, tmp, env)
                print("pass  tty: %s" % name)
            except Failure as e:
                print("FAIL  tty: %s: %s" % (name, e.args[0]))
                for line in e.args[1].splitlines()[-25:]:
                    print("      " + line)
                fail = 1
        hist = os.path.join(home, ".local/state/creasy/history")
        lines = open(hist).read().splitlines() if os.path.exists(hist) else []
        if "console alice" in lines and "echo remembered" in lines and "echo clean" in lines:
            print("pass  tty: the history file keeps the lines typed")
        else:
            print("FAIL  tty: the history file %s has %s" % (hist, lines[-10:]))
            fail = 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(fail)


if __name__ == "__main__":
    main()
