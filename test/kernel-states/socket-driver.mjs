// Runs inside the test's network namespace (`ip netns exec NS node socket-driver.mjs`) and performs
// socket operations on command, one JSON object per stdin line; answers one JSON line per command.
// Both ends of every connection live in this one process: the test controls each step precisely.
import net from 'node:net'
import readline from 'node:readline'

const sockets = new Map() // 'c<localPort>' client side, 's<clientPort>' server side
const errors = []
let server = null

function track(name, sock) {
  sockets.set(name, sock)
  sock.on('error', (e) => errors.push(`${name}: ${e.code ?? e.message}`))
  sock.on('data', () => {})
  sock.on('end', () => {})
}

function reply(id, extra = {}) {
  process.stdout.write(JSON.stringify({ id, ok: true, ...extra }) + '\n')
}

const ops = {
  listen(c, done) {
    server = net.createServer({ allowHalfOpen: true }, (sock) => track(`s${sock.remotePort}`, sock))
    server.on('error', (e) => errors.push(`listen: ${e.code}`))
    server.listen(c.port, '127.0.0.1', done)
  },
  connect(c, done) {
    const sock = net.connect({ host: '127.0.0.1', port: c.port, localPort: c.localPort, allowHalfOpen: true })
    track(`c${c.localPort}`, sock)
    done() // do not wait: a held-back SYN/ACK keeps it connecting
  },
  write(c, done) {
    const s = sockets.get(c.name)
    if (!s) return done(`no socket ${c.name}`)
    s.write(c.data, () => done())
  },
  end(c, done) {
    const s = sockets.get(c.name)
    if (!s) return done(`no socket ${c.name}`)
    s.end() // shutdown(SHUT_WR): sends FIN, keeps reading (allowHalfOpen)
    done()
  },
  reset(c, done) {
    const s = sockets.get(c.name)
    if (!s) return done(`no socket ${c.name}`)
    s.resetAndDestroy() // SO_LINGER 0 + close: sends RST
    done()
  },
  has(c, done) {
    done(undefined, { has: sockets.has(c.name) })
  },
  errors(_c, done) {
    done(undefined, { errors })
  },
  quit() {
    for (const s of sockets.values()) s.destroy()
    server?.close()
    process.exit(0)
  },
}

const rl = readline.createInterface({ input: process.stdin })
rl.on('line', (line) => {
  let c
  try {
    c = JSON.parse(line)
  } catch {
    return
  }
  const op = ops[c.op]
  if (!op)
    return process.stdout.write(JSON.stringify({ id: c.id, ok: false, error: `unknown op ${c.op}` }) + '\n')
  op(c, (err, extra) => {
    if (err) process.stdout.write(JSON.stringify({ id: c.id, ok: false, error: String(err) }) + '\n')
    else reply(c.id, extra)
  })
})
rl.on('close', () => process.exit(0))
process.stdout.write(JSON.stringify({ id: 0, ok: true, ready: true }) + '\n')
