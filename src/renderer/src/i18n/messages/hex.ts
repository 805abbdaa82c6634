// The hex + ASCII bytes pane.
export default {
  en: {
    hex: {
      label: 'Packet bytes',
      noSelection: 'The bytes of the selected packet appear here.',
      offset: 'Offset {offset}',
      selection: '{count} bytes selected ({start}–{end})',
      total: '{count} bytes captured',
    },
  },
  'zh-CN': {
    hex: {
      label: '数据包字节',
      noSelection: '选中数据包的字节将显示在这里。',
      offset: '偏移 {offset}',
      selection: '已选中 {count} 字节（{start}–{end}）',
      total: '已捕获 {count} 字节',
    },
  },
}
