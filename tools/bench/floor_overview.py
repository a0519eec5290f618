"""The cold-start floor of the first page's content: a Streamlit script drawing what the overview
draws on its first run (the top navigation, the sidebar's filters and briefing buttons, ten metrics,
the trend and two ranking charts with their controls and download buttons), with constant data and
no query, no import of the app. `python -m tools.bench.coldstart` times it beside the app: what the
app takes above it is its own cost; what it takes above the one-chart floor is the page's content.
Kept in step with pages/overview.py by hand (element types and counts, not the figures)."""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Sàn của trang tổng quan", layout="wide")
YEARS = list(range(2019, 2027))


def downloads(key: str) -> None:
    for col, label in zip(st.columns(3), ("Tải CSV", "Tải XLSX")):
        with col:
            st.download_button(label, "a,b\n1,2\n", file_name="x.csv", key=f"{key}-{label}")


def overview() -> None:
    st.title("Tổng quan phong trào Toàn dân bảo vệ ANTQ")
    st.warning("Dữ liệu minh họa — không phải số liệu báo cáo.")
    st.subheader("Năm 2026")
    for i, col in enumerate(st.columns(3)):
        with col:
            st.metric(f"Chỉ tiêu {i + 1}", "3.000", "+1,2%")
            st.metric(f"Chỉ tiêu {i + 4}", "8.402.911", "+0,9%")
    st.caption("Tỷ lệ xã tổ chức: 90,2% của 3.321 xã.")
    st.markdown("**Số liệu báo cáo tổng hợp**")
    for i, col in enumerate(st.columns(3)):
        with col:
            st.metric(f"Báo cáo {i + 1}", "41.227")
    st.caption("34/34 tỉnh đã báo cáo.")
    st.subheader("Xu hướng 2019–2026")
    st.selectbox("Chỉ tiêu", ["Điểm tổ chức", "Người tham gia"])
    st.toggle("Xem dạng bảng", key="trend-table")
    st.plotly_chart(go.Figure(go.Scatter(x=YEARS, y=[7, 3, 2, 8, 8, 8, 8, 9], mode="lines+markers")))
    downloads("trend")
    st.subheader("Xếp hạng tỉnh, thành phố")
    st.selectbox("Xếp hạng theo", ["Tỷ lệ xã tổ chức", "Người tham gia"])
    st.slider("Số tỉnh mỗi nhóm", 3, 10, 5)
    for i, col in enumerate(st.columns(2)):
        with col:
            st.markdown("**5 tỉnh**")
            st.toggle("Xem dạng bảng", key=f"rank-table-{i}")
            st.plotly_chart(go.Figure(go.Bar(x=[5, 4, 3, 2, 1], y=list("abcde"), orientation="h")), key=f"rank-{i}")
            downloads(f"rank-{i}")


def other() -> None:
    st.title("Trang khác")


with st.sidebar:
    st.caption("Chưa cấu hình đăng nhập: chế độ chỉ xem.")
    st.radio("Ngôn ngữ / Language", ["Tiếng Việt", "English"], horizontal=True)
    st.header("Bộ lọc")
    st.selectbox("Năm", YEARS[::-1])
    st.radio("Hệ đơn vị hành chính", ["34 tỉnh, thành phố", "63 tỉnh, thành phố"])
    st.multiselect("Tỉnh, thành phố", [f"Tỉnh {i}" for i in range(34)], placeholder="Toàn quốc")
    st.select_slider("Khoảng năm", options=YEARS, value=(YEARS[0], YEARS[-1]))
    st.subheader("Tải báo cáo")
    st.caption("Báo cáo theo thể thức Nghị định 30/2020/NĐ-CP.")
    pdf, docx = st.columns(2)
    pdf.download_button("PDF", b"x", file_name="x.pdf")
    docx.download_button("DOCX", b"x", file_name="x.docx")
pages = [st.Page(overview, title="Tổng quan", default=True)]
pages += [st.Page(other, title=f"Trang {i}", url_path=f"trang-{i}") for i in range(1, 9)]
st.navigation(pages, position="top").run()
