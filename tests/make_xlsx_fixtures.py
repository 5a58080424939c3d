"""Writes the XLSX fixtures of tests/data (run from the crate root:
`python3 tests/make_xlsx_fixtures.py`, needs openpyxl). The workbooks are
committed; this script says how they were made."""
import datetime as dt

from openpyxl import Workbook

# A community's post log kept by hand in Excel: a title row above the header,
# Russian headers, real Excel dates, a totals row, and a notes sheet first.
wb = Workbook()
notes = wb.active
notes.title = "Заметки"
notes["A1"] = "Отчёт для клиента, март"
posts = wb.create_sheet("Публикации")
posts["A1"] = "Публикации сообщества «Зерно» за март 2025"
posts.append([])
posts.append(["Дата публикации", "Текст", "Охват", "Лайки", "Комментарии", "Репосты"])
rows = [
    (dt.datetime(2025, 3, 3, 9, 15), "Новое меню #кофе", 1000, 40, 5, 5),
    (dt.datetime(2025, 3, 10, 18, 40), "Скидка недели #акция", 2000, 30, 6, 4),
    (dt.datetime(2025, 4, 1, 12, 0), "Бариста-день", 500, "н/д", 1, 0),
]
for r in rows:
    posts.append(list(r))
posts.append(["Итого", None, "=SUM(C4:C6)", "=SUM(D4:D6)", None, None])
for cell in posts["A"][3:6]:
    cell.number_format = "DD.MM.YYYY HH:MM"
wb.save("tests/data/xlsx_title_row_ru.xlsx")

# A Metrica table saved to XLSX: fractions stay numbers.
wb = Workbook()
ws = wb.active
ws.title = "Источники"
ws.append(["Источник трафика", "Визиты", "Посетители", "Отказы", "Время на сайте"])
ws.append(["Итого и средние", 300, 250, 0.2, "00:01:00"])
ws.append(["Переходы из социальных сетей", 100, 90, 0.1, "00:02:00"])
ws.append(["Прямые заходы", 200, 160, 0.25, "00:00:30"])
wb.save("tests/data/xlsx_metrica.xlsx")

# A post log whose last cells are left blank where nothing was counted: the
# rows are as wide as the header, blank at the end (tests/cli/regression.rs).
wb = Workbook()
ws = wb.active
ws.title = "Posts"
ws.append(["Date", "Text", "Reach", "Likes", "Comments"])
ws.append([dt.datetime(2025, 3, 3, 9, 15), "Menu", 1000, 40, 5])
ws.append([dt.datetime(2025, 3, 10, 18, 40), "Sale", 800, 12, None])
ws.append([dt.datetime(2025, 3, 17, 12, 0), "Barista day", 500, None, None])
wb.save("tests/data/regress/xlsx_blank_cells_at_row_end.xlsx")

# A number with three decimals in a count column: the number 12.345, not the
# count 12345 that the text `12.345` would be (tests/cli/regression.rs).
wb = Workbook()
ws = wb.active
ws.title = "Posts"
ws.append(["Date", "Reach", "Likes", "Comments"])
ws.append([dt.datetime(2025, 3, 3, 9, 15), 1000, 40, 5])
ws.append([dt.datetime(2025, 3, 10, 18, 40), 800, 12.345, 2])
ws.append([dt.datetime(2025, 3, 17, 12, 0), 0.125, 7, 1])
wb.save("tests/data/regress/xlsx_three_decimals_in_a_count.xlsx")
