/** Entry of the widget bundle that the platform's /embed document loads. */
import './sov-widget.js';
