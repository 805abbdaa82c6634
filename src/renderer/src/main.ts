import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { installI18n } from './i18n'
import './styles/theme.css'
import './styles/base.css'
import './styles/dialog.css'

const pinia = createPinia()
const app = createApp(App).use(pinia)
installI18n(app, pinia)
app.mount('#app')
