"""Under gevent, two requests writing to SQLite at once both succeed, quickly, one after the other.

SQLite's busy wait is a C sleep that gevent cannot interrupt: without the process's own turn lock
the second writer froze the whole server until the first gave up ("database is locked").
The server patches with gevent, so this runs in a subprocess that does the same.
"""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    from gevent import monkey
    monkey.patch_all()
    import sys
    import gevent
    from sqlalchemy import text
    from contest.app import create_app
    from contest.extensions import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1]},
                     instance_path=sys.argv[2])
    with app.app_context():
        db.session.execute(text("CREATE TABLE note (writer TEXT)"))
        db.session.commit()

    def write(name, pause):
        with app.app_context():
            db.session.execute(text("INSERT INTO note VALUES (:w)"), {"w": name})
            gevent.sleep(pause)  # the request yields mid-transaction (a socket write, a log line)
            db.session.commit()
            return name

    first = gevent.spawn(write, "first", 0.2)
    gevent.sleep(0.01)
    second = gevent.spawn(write, "second", 0)
    gevent.joinall([first, second], timeout=60)
    for job in (first, second):
        print(job.value if job.successful() else f"failed: {job.exception}")
    with app.app_context():
        print(",".join(r[0] for r in db.session.execute(text("SELECT writer FROM note ORDER BY rowid"))))
""")


def test_a_second_writer_waits_its_turn_instead_of_freezing_the_server(tmp_path):
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "hall.db"), str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["first", "second", "first,second"], result.stdout + result.stderr
