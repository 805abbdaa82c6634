// The packet details tree: empty states, expert info, context menu.
export default {
  en: {
    details: {
      label: 'Details of frame {frame}',
      noSelection: 'Select a packet to see its layers and fields.',
      loading: 'Dissecting the packet…',
      expertTitle: 'Expert info',
      errors: 'no errors | {n} error | {n} errors',
      warnings: 'no warnings | {n} warning | {n} warnings',
      notes: 'no notes | {n} note | {n} notes',
      severity: { error: 'Error', warning: 'Warning', note: 'Note' },
      applyAsFilter: 'Apply as Filter',
      notFilterable: 'The display filter has no field for this item',
      followStream: 'Follow TCP Stream',
      expandAll: 'Expand All',
      collapseAll: 'Collapse All',
    },
  },
  'zh-CN': {
    details: {
      label: '帧 {frame} 的详细信息',
      noSelection: '选择一个数据包以查看其各层协议和字段。',
      loading: '正在解析数据包……',
      expertTitle: '专家信息',
      errors: '没有错误 | {n} 个错误 | {n} 个错误',
      warnings: '没有警告 | {n} 个警告 | {n} 个警告',
      notes: '没有注意 | {n} 个注意 | {n} 个注意',
      severity: { error: '错误', warning: '警告', note: '注意' },
      applyAsFilter: '作为过滤器应用',
      notFilterable: '显示过滤器没有与此项对应的字段',
      followStream: '追踪 TCP 流',
      expandAll: '全部展开',
      collapseAll: '全部折叠',
    },
  },
}
