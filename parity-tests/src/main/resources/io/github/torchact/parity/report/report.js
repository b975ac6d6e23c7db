// Sorting and filtering of the summary table; plain DOM, no dependencies, works from file://.
(function () {
  var table = document.getElementById('summary-table');
  if (!table) return;
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  var filter = document.getElementById('filter');
  var show = document.getElementById('show');
  var shown = document.getElementById('shown');

  function key(row, i, type) {
    var cell = row.cells[i];
    var s = cell.getAttribute('data-sort');
    if (type === 'num') return s === null ? -Infinity : parseFloat(s);
    return (s === null ? cell.textContent : s).toLowerCase();
  }

  function order(row) {
    return parseInt(row.cells[0].getAttribute('data-order'), 10);
  }

  function sortBy(i) {
    var th = heads[i];
    var type = th.getAttribute('data-type');
    var asc = !th.classList.contains('asc');
    for (var j = 0; j < heads.length; j++) heads[j].classList.remove('asc', 'desc');
    th.classList.add(asc ? 'asc' : 'desc');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, i, type), y = key(b, i, type);
      if (x === y) return order(a) - order(b);
      return (x < y) === asc ? -1 : 1;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function apply() {
    var q = filter.value.trim().toLowerCase();
    var mode = show.value;
    var n = 0;
    Array.prototype.forEach.call(body.rows, function (r) {
      var ok = r.getAttribute('data-name').toLowerCase().indexOf(q) >= 0
          && (mode === 'all' || r.getAttribute('data-' + mode) === 'true');
      r.style.display = ok ? '' : 'none';
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + body.rows.length + ' shown.';
  }

  for (var i = 0; i < heads.length; i++) {
    heads[i].addEventListener('click', sortBy.bind(null, i));
  }
  filter.addEventListener('input', apply);
  show.addEventListener('change', apply);
  apply();
})();
