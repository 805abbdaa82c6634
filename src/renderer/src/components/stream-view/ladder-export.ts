/**
 * Exports of the ladder: SVG with the computed styles written inline (the file must look the same outside
 * the app, without its CSS or theme variables) and PNG drawn from that SVG through an <img> (a data: URL,
 * which the CSP allows) onto a canvas. Downloads go through an <a download>.
 */

/** Properties copied from the live element's computed style. */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
]

/** A standalone SVG document of `svg` (a clone with inline styles and an opaque background). */
export function serializeSvg(svg: SVGSVGElement, background: string): string {
  const clone = svg.cloneNode(true) as SVGSVGElement
  const live = [svg, ...Array.from(svg.querySelectorAll('*'))]
  const copies = [clone, ...Array.from(clone.querySelectorAll('*'))]
  for (let i = 0; i < live.length; i++) {
    const cs = getComputedStyle(live[i]!)
    const parts: string[] = []
    for (const p of STYLE_PROPS) {
      const v = cs.getPropertyValue(p)
      if (v) parts.push(`${p}:${v}`)
    }
    // Animations would freeze mid-way in a file: drop them.
    parts.push('animation:none', 'transition:none')
    ;(copies[i] as SVGElement).setAttribute('style', parts.join(';'))
    copies[i]!.removeAttribute('class')
  }
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  const w = svg.getAttribute('width') ?? String(svg.clientWidth)
  const h = svg.getAttribute('height') ?? String(svg.clientHeight)
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect')
  bg.setAttribute('width', w)
  bg.setAttribute('height', h)
  bg.setAttribute('fill', background)
  clone.insertBefore(bg, clone.firstChild)
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone)
}

/** UTF-8 safe base64 of a string (btoa takes Latin-1 only; the labels may be Chinese). */
function base64(s: string): string {
  const bytes = new TextEncoder().encode(s)
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}

export function svgDataUrl(svgText: string): string {
  return `data:image/svg+xml;base64,${base64(svgText)}`
}

/** PNG data URL of an SVG document, at `scale` (2 = sharp on high-DPI screens). */
export function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<string> {
  return new Promise((resolve, reject) => {
    const img = new Image()
    img.onload = () => {
      const canvas = document.createElement('canvas')
      canvas.width = Math.ceil(width * scale)
      canvas.height = Math.ceil(height * scale)
      const ctx = canvas.getContext('2d')
      if (!ctx) return reject(new Error('no 2D canvas'))
      ctx.scale(scale, scale)
      ctx.drawImage(img, 0, 0, width, height)
      resolve(canvas.toDataURL('image/png'))
    }
    img.onerror = () => reject(new Error('the SVG could not be drawn'))
    img.src = svgDataUrl(svgText)
  })
}

/** Offer a file to the user (browser download / Electron's save prompt). */
export function download(name: string, data: string | Blob, type = 'application/octet-stream'): void {
  const a = document.createElement('a')
  let url: string
  if (typeof data === 'string' && data.startsWith('data:')) url = data
  else url = URL.createObjectURL(data instanceof Blob ? data : new Blob([data], { type }))
  a.href = url
  a.download = name
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  if (url.startsWith('blob:')) setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
